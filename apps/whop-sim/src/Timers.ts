/** Work for later that never keeps the process alive, all cancelled at once on close (after which nothing is scheduled). */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private isClosed = false;

  get closed(): boolean {
    return this.isClosed;
  }

  later(ms: number, run: () => void): void {
    if (this.isClosed) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.pending.add(timer);
  }

  close(): void {
    this.isClosed = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
