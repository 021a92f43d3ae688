// SPDX-License-Identifier: Apache-2.0

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** `step` is what is being counted: "applications 120/300". */
  update(step: string, done: number, total: number): void;
  /** Ends the progress line, so what is printed next starts on its own line. */
  end(): void;
}

/**
 * One progress line with counts for a long step of the start. On a terminal the line is
 * rewritten in place; in a log (no terminal) a line is written at most once a second, so a
 * captured start shows that it is moving without thousands of lines.
 */
export function progressLine(out: ProgressOutput, now: () => number = Date.now): Progress {
  let last = 0;
  let shown = '';
  let open = false;
  return {
    update(step, done, total) {
      const line = `  ${step} ${done}/${total}`;
      const t = now();
      if (out.isTTY) {
        if (t - last < 50 && done < total) return;
        out.write(`\r\x1b[2K${line}`);
        open = true;
      } else {
        if (t - last < 1000 && done < total) return;
        if (line === shown) return;
        out.write(`${line}\n`);
      }
      last = t;
      shown = line;
    },
    end() {
      if (open) out.write('\r\x1b[2K');
      open = false;
    },
  };
}
