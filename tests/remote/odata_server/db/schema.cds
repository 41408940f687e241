// The remote CRM the modelsync.remote tests mirror to.
namespace crm;

using { cuid, managed } from '@sap/cds/common';

// modifiedAt is the entity tag: a write with a stale If-Match is refused with 412.
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

// The rows of the randomized comparison with the local ORM.
entity People : cuid, managed {
  seq       : Integer;
  firstName : String(100);
  lastName  : String(100);
  city      : String(100);
  score     : Integer;
  balance   : Decimal(12, 2);
  active    : Boolean;
  born      : Date;
  seen      : DateTime;
}

annotate Accounts with { modifiedAt @odata.etag; };
annotate Contacts with { modifiedAt @odata.etag; };
annotate People with { modifiedAt @odata.etag; };
