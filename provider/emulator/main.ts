#!/usr/bin/env node
import { startEmulator } from "./index";

/** `npm run emulator`: serves every vendor locally until interrupted. */
async function main(): Promise<void> {
  const port = Number(process.env.RTC_TASKS_EMULATOR_PORT ?? 0);
  const emu = await startEmulator({ port });
  console.log(`rtc-tasks emulator listening at ${emu.baseUrl}`);
  for (const [vendor, url] of Object.entries(emu.endpoints)) console.log(`  ${vendor.padEnd(10)} ${url}`);
  console.log(`endpoints and test credentials: GET ${emu.baseUrl}/_emulator/endpoints`);
  console.log(`running tasks:                  GET ${emu.baseUrl}/_emulator/tasks`);
  console.log("Press Ctrl-C to stop.");
  const stop = () => void emu.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
