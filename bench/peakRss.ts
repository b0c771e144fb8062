// The peak resident set of this process in bytes, for the benchmark's
// measuring children: VmHWM, which belongs to the program since its exec.
// resourceUsage().maxRSS (getrusage) would do elsewhere, but Linux carries
// it over from the forking parent — the benchmark's driver, hundreds of MB —
// across exec, so every child reported at least the driver's size.
import { readFileSync } from 'node:fs';

export function peakRssBytes(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // Not Linux: getrusage's figure (kilobytes), inherited or not.
  }
  return process.resourceUsage().maxRSS * 1024;
}
