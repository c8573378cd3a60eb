// A real unit for the browser tests: `java -jar quietlegs.jar run --sim` with its own Mosquitto,
// on free loopback ports, with a configuration of its own in a temporary directory.
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const jar = process.env.QUIETLEGS_JAR ?? path.join(repo, 'firmware/target/quietlegs.jar');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : 'java';
// The unit's own JVM flags (config/jvm.env), as the systemd unit runs it.
const javaOpts = /JAVA_OPTS="([^"]*)"/.exec(fs.readFileSync(path.join(repo, 'config/jvm.env'), 'utf8'))[1].split(/\s+/);

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The shipped configuration with the mqtt section replaced: free ports, a private state directory. */
export async function configure({ requirePassword = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quietlegs-web-'));
  const ports = { mqtt: await freePort(), websocket: await freePort(), web: await freePort() };
  const shipped = fs.readFileSync(path.join(repo, 'config/quietlegs.yaml'), 'utf8');
  // The page is under test here, not the loop's timing (bench loop and the Java tests hold that): on a
  // shared two-core machine a browser starting up can hold the unit's loop off the CPU for 0.3 s,
  // which the unit rightly takes for a fault at the shipped 250 ms, so its watchdog gets the most allowed.
  const withoutMqtt = shipped.replace(/^mqtt:\n(?:[ #].*\n|\n)*/m, '')
    .replace(/^limits:\n/m, 'limits:\n  watchdog_ms: 2000\n');
  const stateDir = path.join(dir, 'state');
  fs.writeFileSync(path.join(dir, 'quietlegs.yaml'), withoutMqtt + [
    'mqtt:',
    `  listen: 127.0.0.1:${ports.mqtt}`,
    `  websocket_port: ${ports.websocket}`,
    `  web_port: ${ports.web}`,
    `  state_dir: ${stateDir}`,
    `  require_password: ${requirePassword}`,
    ''].join('\n'));
  fs.cpSync(path.join(repo, 'config/programs'), path.join(dir, 'programs'), { recursive: true });
  fs.copyFileSync(path.join(repo, 'config/tinylog.properties'), path.join(dir, 'tinylog.properties'));
  return { dir, stateDir, ports, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export class Unit {
  constructor(config) {
    this.config = config;
    this.output = '';
  }

  /** Starts the unit and waits for its "phone remote: URL" line. */
  async start() {
    this.output = '';
    this.process = spawn(java, [...javaOpts, '-Dquietlegs.log.dir=' + path.join(this.config.dir, 'logs'), '-jar', jar, 'run',
      '--sim', '--config', this.config.dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.process.on('exit', resolve));
    const collect = (d) => { this.output += d.toString(); };
    this.process.stdout.on('data', collect);
    this.process.stderr.on('data', collect);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const m = /phone remote: (http\S+)/.exec(this.output);
      if (m) {
        this.url = m[1];
        return this.url;
      }
      if (this.process.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error('the unit did not start:\n' + this.output);
  }

  /** A line on the unit's console, e.g. "estop". */
  console(line) {
    this.process.stdin.write(line + '\n');
  }

  /** SIGTERM, as systemd stops it: it vents, says offline and stops its broker. */
  async stop() {
    if (this.process && this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      await Promise.race([this.exited, sleep(15_000)]);
      if (this.process.exitCode === null) this.process.kill('SIGKILL');
    }
    // A broker a killed unit left behind (its pid file in our own state directory) ends with the test.
    const pidFile = path.join(this.config.stateDir, 'mosquitto.pid');
    if (fs.existsSync(pidFile)) {
      try { process.kill(Number(fs.readFileSync(pidFile, 'utf8').trim()), 'SIGTERM'); } catch (e) { /* gone already */ }
    }
  }

  /** SIGKILL: the unit vanishes without a word; its Mosquitto, a child, stays up and sends its last will. */
  async kill() {
    this.process.kill('SIGKILL');
    await this.exited;
  }

  /** The unit's retained state, read by Mosquitto's own client (not through the page). */
  state() {
    return this.retained('state');
  }

  /** A retained topic of the unit's (state, stats, history), read by Mosquitto's own client. */
  retained(name) {
    return new Promise((resolve, reject) => {
      const args = ['-h', '127.0.0.1', '-p', String(this.config.ports.mqtt), '-t', 'quietlegs/bedside/' + name, '-C', '1',
        '-W', '5'];
      const password = this.password();
      if (password) args.push('-u', 'quietlegs', '-P', password);
      execFile('mosquitto_sub', args, (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout))));
    });
  }

  password() {
    const f = path.join(this.config.stateDir, 'mqtt-password');
    return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').trim() : null;
  }
}

/**
 * The quietlegs command line on the test unit's configuration and state directory, e.g. `simulate --at`
 * or `diary --at` to make nights beforehand; resolves with its exit code and output.
 */
export function quietlegs(config, command, ...args) {
  return new Promise((resolve) => {
    execFile(java, ['-jar', jar, command, '--config', config.dir, '--state-dir', config.stateDir, ...args],
      { timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, output: stdout + stderr }));
  });
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
