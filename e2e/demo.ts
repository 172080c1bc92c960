import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export interface RunningDemo {
  siteUrl: string;
  bffUrl: string;
  output: string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs the real `npm start` program (scripts/demo.ts) as a child process and waits until it says it is ready. */
export async function startDemo(options: { dataDir: string; bffPort: number; sitePort: number }): Promise<RunningDemo> {
  const child: ChildProcess = spawn(process.execPath, ["scripts/demo.ts"], {
    cwd: root,
    env: {
      ...process.env,
      // The demo is what `npm start` runs: the embedded database, whatever CI points DATABASE_URL at.
      DATABASE_URL: "",
      BILLFRONT_DATA_DIR: options.dataDir,
      PORT: String(options.bffPort),
      SITE_PORT: String(options.sitePort),
      // The SMTP catcher takes any free port, so parallel demos (or a real mail server on 1025) never collide.
      DEV_SMTP_PORT: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Demo ready: open (\S+)/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
  });
  const siteUrl = await ready;
  return {
    siteUrl,
    bffUrl: `http://localhost:${options.bffPort}`,
    get output() {
      return output;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export interface RunningExample {
  siteUrl: string;
  bffUrl: string;
  dataDir: string;
  output: string;
  stop(): Promise<void>;
}

/** Runs `node scripts/example.ts <name>` (what `npm run example:<name>` starts after building) and waits until it is ready. */
export async function startExample(name: "react" | "vue", options: { dataDir: string; bffPort: number; sitePort: number }): Promise<RunningExample> {
  const child: ChildProcess = spawn(process.execPath, ["scripts/example.ts", name], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: "", BILLFRONT_DATA_DIR: options.dataDir, PORT: String(options.bffPort), SITE_PORT: String(options.sitePort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const siteUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Example ready: open (\S+)/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`example exited with ${code}:\n${output}`)));
  });
  return {
    siteUrl,
    bffUrl: `http://localhost:${options.bffPort}`,
    dataDir: options.dataDir,
    get output() {
      return output;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
