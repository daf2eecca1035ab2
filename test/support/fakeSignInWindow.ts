/** A sign-in window the toolbar opened, in unit tests: records where the toolbar sent it; the test closes it. */
import type { SignInWindow } from '../../src/ts/cti/signin/signInWindow';

export class FakeWindow implements SignInWindow {
  closed = false;
  readonly visited: string[] = [];
  readonly navigated: Promise<string>;
  readonly location: { href: string };

  constructor() {
    let arrived: (url: string) => void = () => undefined;
    this.navigated = new Promise<string>((resolve) => {
      arrived = resolve;
    });
    const visited = this.visited;
    this.location = {
      set href(url: string) {
        visited.push(url);
        arrived(url);
      },
      get href(): string {
        return visited[visited.length - 1] ?? 'about:blank';
      },
    };
  }

  close(): void {
    this.closed = true;
  }
}
