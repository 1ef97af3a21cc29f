import React from 'react';

/** Props of {@link Field}. */
export interface IFieldProps {
  /** The id of the control; the label points at it. */
  id: string;
  /** The control's accessible name ("Flavor", "Name"...). */
  label: string;
  /** A rule broken by the current value, shown under the control. */
  error?: string | null;
  /** Advice that does not block (shown when there is no error). */
  hint?: string | null;
  /**
   * For a group of controls (radio lists): the label is then an element the
   * group names itself after (aria-labelledby) instead of a `<label for>`.
   */
  group?: boolean;
  children: React.ReactNode;
}

/** The id of the element holding a field's error or hint (for aria-describedby). */
export function messageId(id: string): string {
  return `${id}-message`;
}

/**
 * The attributes that tie the control `id` to its Field's message: read with
 * it by screen readers, and marked invalid while that message is an error.
 */
export function describedBy(
  id: string,
  error: string | boolean | null | undefined
): { 'aria-describedby': string; 'aria-invalid': true | undefined } {
  return {
    'aria-describedby': messageId(id),
    'aria-invalid': Boolean(error) || undefined
  };
}

/**
 * A labelled form row with its error or hint underneath. The control itself
 * (a child) must carry `id` and {@link describedBy}'s attributes, so screen
 * readers read the problem with it.
 */
export function Field(props: IFieldProps): JSX.Element {
  const { id, label, error, hint, group, children } = props;
  return (
    <div className="jp-ModelArts-field" data-field={id}>
      {group ? (
        <div className="jp-ModelArts-fieldLabel" id={`${id}-label`}>
          {label}
        </div>
      ) : (
        <label className="jp-ModelArts-fieldLabel" htmlFor={id}>
          {label}
        </label>
      )}
      {children}
      <div
        id={messageId(id)}
        className={error ? 'jp-ModelArts-fieldError' : 'jp-ModelArts-fieldHint'}
        role={error ? 'alert' : undefined}
      >
        {error ?? hint ?? ''}
      </div>
    </div>
  );
}
