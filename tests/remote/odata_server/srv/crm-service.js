// Fault injection and reset for the tests; the entity sets are served by CAP's generic handlers.
const cds = require('@sap/cds')

module.exports = class CrmService extends cds.ApplicationService {
  init() {
    let faultStatus = 0
    const { Accounts, Contacts, People } = this.entities

    this.on('setFault', (req) => {
      faultStatus = req.data.status || 0
      return faultStatus
    })
    this.on('reset', async () => {
      faultStatus = 0
      await DELETE.from(Contacts)
      await DELETE.from(Accounts)
      await DELETE.from(People)
      return 0
    })
    this.before(['CREATE', 'UPDATE', 'DELETE'], '*', (req) => {
      if (faultStatus) req.reject(faultStatus, `injected fault ${faultStatus}`)
    })
    return super.init()
  }
}
