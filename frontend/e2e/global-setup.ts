// Finds the server the browser tests run against: E2E_BASE_URL when set, else the binary named by
// E2E_SERVER_BIN (default ../bin/server, built after `npm run build` so it embeds the UI), started
// on a free loopback port over a fresh SQLite database with the demo data, and stopped afterwards.
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.once('error', fail)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))))
    })
  })
}

async function waitReady(url: string, child: ChildProcess, logFile: string, ms = 60_000): Promise<void> {
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

export default async function globalSetup(): Promise<(() => Promise<void>) | void> {
  if (process.env.E2E_BASE_URL) return
  const bin = resolve(process.env.E2E_SERVER_BIN ?? '../bin/server')
  if (!existsSync(bin)) {
    throw new Error(
      `no server binary at ${bin}: run \`npm run build\`, then \`go build -o bin/server ./cmd/server\``,
    )
  }
  const dir = mkdtempSync(join(tmpdir(), 'cqshare-e2e-'))
  const port = await freePort()
  const logFile = join(dir, 'server.log')
  const log = createWriteStream(logFile)
  const child = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      HTTP_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}`,
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
  process.env.E2E_BASE_URL = base

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    log.end()
    if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true })
  }
}
