// Finds the server the browser tests run against: E2E_BASE_URL when set, else the binary named by
// E2E_SERVER_BIN (default ../bin/server, built after `npm run build` so it embeds the UI), started
// on a free loopback port over a fresh SQLite database with the demo data, and stopped afterwards.
import { resolve } from 'node:path'
import { startDemoServer } from '../scripts/demo-server.mjs'

export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  if (process.env.E2E_BASE_URL) return
  const srv = await startDemoServer(resolve(process.env.E2E_SERVER_BIN ?? '../bin/server'))
  process.env.E2E_BASE_URL = srv.base
  return srv.stop
}
