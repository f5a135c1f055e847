// Starts bin/server with the demo data on a free loopback port over a fresh SQLite database, for
// the browser tests and the Lighthouse run: `const srv = await startDemoServer(bin)`, then
// `srv.base` is its address and `await srv.stop()` ends it and removes the database.
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.once('error', fail)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))))
    })
  })
}

/**
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} logFile
 */
async function waitReady(url, child, logFile, ms = 60_000) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}; see ${logFile}`)
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server not ready at ${url} after ${ms} ms; see ${logFile}`)
}

/**
 * startDemoServer runs the server binary `bin` (built after the UI, so it embeds it) with the demo
 * accounts; E2E_KEEP keeps its folder (database and log) afterwards.
 * @param {string} bin
 * @param {string} prefix the temporary folder's name prefix
 * @returns {Promise<{ base: string, stop: () => Promise<void> }>}
 */
export async function startDemoServer(bin, prefix = 'cqshare-e2e-') {
  if (!existsSync(bin)) {
    throw new Error(`no server binary at ${bin}: run \`make build\` (the UI, then bin/server)`)
  }
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const port = await freePort()
  const logFile = join(dir, 'server.log')
  const log = createWriteStream(logFile)
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      HTTP_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${join(dir, 'demo.db')}`,
      SEED_DEMO: 'true',
      RATE_LIMITS: 'off',
      JOBS_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.pipe(log)
  child.stderr?.pipe(log)
  const base = `http://127.0.0.1:${port}`
  try {
    await waitReady(`${base}/readyz`, child, logFile)
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    log.end()
    if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true })
  }
  return { base, stop }
}
