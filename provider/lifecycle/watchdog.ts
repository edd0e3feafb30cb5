import * as net from "node:net";
import { drain } from "../http/transport";

/**
 * Ends the provider process once the `pulumi` that started it is gone (killed, or its machine
 * cancelled the job). The engine starts the dynamic provider in a process group of its own, so a
 * killed `pulumi` leaves it running: it would go on retrying vendor calls whose outcome nobody
 * records (a start sent a minute after the crash, while a person already recovers the stack), and
 * its writes to the closed output pipe made it spin at full CPU. The engine's address is the host's
 * one argument (`@pulumi/pulumi/cmd/dynamic-provider`); a refused connection there means it is gone.
 * Requests already sent are let finish first, so that the journal records what the vendor answered
 * (a Tencent TaskId): the next run then finds the task instead of guessing.
 */
export function watchEngine(argv = process.argv, intervalMs = 2_000): void {
  if (started || !/[\\/]cmd[\\/]dynamic-provider[\\/]/.test(argv[1] ?? "")) return;
  const address = /^([\w.-]+|\[[0-9a-f:]+\]):(\d+)$/i.exec(argv[2] ?? "");
  if (!address) return;
  started = true;
  const end = () => {
    if (ending) return;
    ending = true;
    clearInterval(timer);
    // Bounded: the transport's own deadlines end every request, but never wait on them forever.
    setTimeout(() => process.exit(1), 120_000).unref();
    void drain().then(() => process.exit(1));
  };
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") end();
    });
  }
  const host = address[1]!.replace(/^\[|\]$/g, "");
  const port = Number(address[2]);
  const timer = setInterval(() => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => socket.destroy());
    socket.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNREFUSED") end();
    });
  }, intervalMs);
  timer.unref();
}

let started = false;
let ending = false;
