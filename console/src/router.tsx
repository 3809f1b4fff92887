/** A small history-API router: the URL is the state (filters included), Back and Forward work. */
import type { AnchorHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set<() => void>();
let navigated = false;
const notify = () => {
  navigated = true;
  listeners.forEach((fn) => {
    fn();
  });
};
window.addEventListener('popstate', notify);

/**
 * Whether the page changed in place since it loaded (a link, Back, signing in): the new page's
 * heading then takes the focus. On a fresh load the focus stays at the top, with the skip link.
 */
export function movedInPlace(): boolean {
  return navigated;
}

export function markMovedInPlace(): void {
  navigated = true;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
}

export interface Location {
  path: string;
  search: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: location.pathname.replace(/\/+$/, '') || '/', search: location.search, query: new URLSearchParams(location.search) };
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => {
      setLoc(current());
    };
    listeners.add(update);
    return () => void listeners.delete(update);
  }, []);
  return loc;
}

type AnchorProps = AnchorHTMLAttributes & { href: string; children?: ComponentChildren };

/** An ordinary link (opens in a new tab with a modifier) that navigates in place otherwise. */
export function Link({ href, onClick, ...rest }: AnchorProps) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(e) => {
        if (typeof onClick === 'function') onClick(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    />
  );
}
