import React from 'react';

/** A small coloured tag ("Free", "Sold out", "Simulator", a status). */
export function Badge(props: {
  /** Colour family: .jp-ModelArts-badge-<tone> in style/base.css. */
  tone: string;
  children: React.ReactNode;
  title?: string;
}): JSX.Element {
  return (
    <span
      className={`jp-ModelArts-badge jp-ModelArts-badge-${props.tone}`}
      title={props.title}
    >
      {props.children}
    </span>
  );
}
