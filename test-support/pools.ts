/**
 * A one-slot resource pool, the known context pitfall (DESIGN §6): `acquire(callback)` calls a
 * waiting caller's callback from the holder's `release()`, so it runs in the releaser's context
 * unless bound; `acquireAsync()` needs no help, because an `await` resumes in the awaiting
 * caller's own context.
 */
export class OneSlotPool {
  private busy = false;
  private readonly waiting: Array<(release: () => void) => void> = [];

  acquire(callback: (release: () => void) => void): void {
    if (this.busy) {
      this.waiting.push(callback);
      return;
    }
    this.busy = true;
    callback(() => this.release());
  }

  acquireAsync(): Promise<() => void> {
    return new Promise((resolve) => this.acquire(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.busy = false;
    else next(() => this.release());
  }
}
