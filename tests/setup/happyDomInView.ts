// happy-dom lays nothing out, and its IntersectionObserver never calls back. The
// widget records `shown` only once a prompt is on screen (an IntersectionObserver
// entry), so here every observed element counts as in view, as soon as it is
// observed. A test that needs an element out of view replaces this with its own.

class InViewObserver {
  readonly #callback: IntersectionObserverCallback;
  #live = true;

  constructor(callback: IntersectionObserverCallback) {
    this.#callback = callback;
  }

  observe(target: Element) {
    queueMicrotask(() => {
      if (!this.#live) return;
      const rect = target.getBoundingClientRect();
      this.#callback([{ target, isIntersecting: true, intersectionRatio: 1, boundingClientRect: rect, intersectionRect: rect, rootBounds: null, time: 0 }], this as unknown as IntersectionObserver);
    });
  }

  unobserve() {}

  disconnect() {
    this.#live = false;
  }

  takeRecords() {
    return [];
  }
}

globalThis.IntersectionObserver = InViewObserver as unknown as typeof IntersectionObserver;
if (typeof window !== 'undefined') (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = InViewObserver;
