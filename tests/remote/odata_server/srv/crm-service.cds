using { crm } from '../db/schema';

// Small pages on purpose, so that a few dozen rows already span several pages.
@path: '/odata/v4/crm'
service CrmService {
  @cds.query.limit: { default: 20, max: 20 }
  entity Accounts as projection on crm.Accounts;
  @cds.query.limit: { default: 20, max: 20 }
  entity Contacts as projection on crm.Contacts;
  // Larger pages: the randomized comparison sends hundreds of queries.
  @cds.query.limit: { default: 200, max: 200 }
  entity People as projection on crm.People;

  // Test hooks: make every following write fail with `status` (0 = stop failing),
  // and empty both entity sets between tests.
  action setFault(status : Integer) returns Integer;
  action reset() returns Integer;
}

// The same accounts behind authentication (mocked users, e.g. alice with an empty password),
// for the tests of basic authentication.
@path: '/odata/v4/secure'
@requires: 'authenticated-user'
service SecureService {
  entity Accounts as projection on crm.Accounts;
}
