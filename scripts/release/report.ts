/** Where a {@link Report} writes its lines (default: standard output). */
export type ReportWriter = (text: string) => void;

/** Progress lines and a pass/fail tally for a long end-to-end script. */
export class Report {
  readonly #start = Date.now();
  readonly #failures: string[] = [];
  readonly #write: ReportWriter;
  #passed = 0;

  /** `write` receives every line (a test collects them instead of printing expected failures). */
  constructor(
    readonly label: string,
    write: ReportWriter = (text) => process.stdout.write(text),
  ) {
    this.#write = write;
  }

  /** Prints a progress line with the elapsed time. */
  step(message: string): void {
    const seconds = ((Date.now() - this.#start) / 1000).toFixed(1).padStart(6);
    this.#write(`[${this.label} ${seconds}s] ${message}\n`);
  }

  /** Records one check; prints it and keeps going so one run shows every failure. */
  check(ok: boolean, name: string, detail = ""): boolean {
    if (ok) this.#passed++;
    else this.#failures.push(detail === "" ? name : `${name}: ${detail}`);
    this.#write(`  ${ok ? "ok  " : "FAIL"} ${name}${!ok && detail !== "" ? ` -- ${detail}` : ""}\n`);
    return ok;
  }

  /** Records that two values are deeply equal (compared as JSON). */
  equal(actual: unknown, expected: unknown, name: string): boolean {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    return this.check(a === e, name, `expected ${e}, got ${a}`);
  }

  /** Number of failed checks so far. */
  get failed(): number {
    return this.#failures.length;
  }

  /** Prints the closing tally line (`N passed, M failed`) and the failures. */
  summary(): void {
    for (const failure of this.#failures) this.#write(`  failed: ${failure}\n`);
    this.#write(`${this.label}: ${this.#passed} passed, ${this.#failures.length} failed\n`);
  }
}
