// The remote CRM the modelsync.remote tests mirror to.
namespace crm;

using { cuid, managed } from '@sap/cds/common';

entity Accounts : cuid, managed {
  name        : String(200);
  email       : String(200);
  city        : String(100);
  score       : Integer;
  balance     : Decimal(12, 2);
  active      : Boolean default true;
  birthday    : Date;
  lastContact : DateTime;
  externalRef : UUID;
  phone       : String(32);
  note        : String(500);
}

entity Contacts : cuid, managed {
  fullName : String(200);
  account  : Association to Accounts;
}
