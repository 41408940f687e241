// Serves the CRM model over OData v4 on 127.0.0.1:$PORT with a fresh in-memory SQLite database.
// Prints "listening on <url>" once ready (the pytest fixture waits for that line).
process.chdir(__dirname)
const cds = require('@sap/cds')
const express = require('express')

async function main() {
  cds.env.requires.db = { kind: 'sqlite', credentials: { url: ':memory:' } }
  // A $batch of 1,000 changes (the most Dynamics 365 accepts) is a few hundred KB of JSON.
  cds.env.server.body_parser = { ...cds.env.server.body_parser, limit: '10mb' }
  const csn = await cds.load('*')
  cds.model = cds.compile.for.nodejs(csn)
  cds.db = await cds.connect.to('db')
  await cds.deploy(csn).to(cds.db)
  const app = (cds.app = express())
  await cds.serve('all').in(app)
  const port = Number(process.env.PORT || 0)
  const server = app.listen(port, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`)
  })
  // In-memory data needs no graceful shutdown; open keep-alive sockets must not delay it.
  const stop = () => process.exit(0)
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
