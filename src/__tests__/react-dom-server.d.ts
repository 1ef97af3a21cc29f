/**
 * The one react-dom/server call the tests use (react-dom ships no types and
 * @types/react-dom is not a dependency): render a component to HTML in Node.
 */
declare module 'react-dom/server' {
  import type { ReactElement } from 'react';

  export function renderToStaticMarkup(element: ReactElement): string;
}
