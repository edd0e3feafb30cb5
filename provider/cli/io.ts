/** What a command reads and writes: the process's streams, or a test's stand-ins. */
export interface Io {
  /** Stdin text, or a reader for it; absent means "no stdin available". */
  stdin?: string | (() => Promise<string>);
  stdout(text: string): void;
  stderr(text: string): void;
  readFile?(path: string): string;
  writeFile?(path: string, text: string): void;
  /** Stdout is a terminal: colour and redrawing are wanted. */
  isTTY?: boolean;
  /** Calls `handler` on Ctrl-C (SIGINT) or SIGTERM until the returned function is called. */
  onInterrupt?(handler: () => void): () => void;
}

/** Bad usage: the message, then the usage text, on stderr; exit code 2. */
export function usageError(io: Io, message: string, usage: string): number {
  io.stderr(`rtc-tasks: ${message}\n\n${usage}`);
  return 2;
}

export function nodeIo(): Io {
  return {
    // A terminal on stdin means nothing was piped in: fail fast instead of waiting.
    ...(process.stdin.isTTY ? {} : { stdin: readStdin }),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
    onInterrupt: (handler) => {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  };
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (c: Buffer) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}
