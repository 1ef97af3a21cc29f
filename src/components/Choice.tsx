import React from 'react';

import { describedBy } from './Field';

/** Props of {@link ChoiceGroup}. */
export interface IChoiceGroupProps {
  /** Id of the radio group; its label is `<id>-label` (see Field's `group`). */
  id: string;
  invalid?: boolean;
  children: React.ReactNode;
}

/** A radio group named by its Field's label and described by its message. */
export function ChoiceGroup(props: IChoiceGroupProps): JSX.Element {
  const { id, invalid, children } = props;
  return (
    <div
      id={id}
      role="radiogroup"
      aria-labelledby={`${id}-label`}
      {...describedBy(id, invalid)}
      className="jp-ModelArts-choices"
    >
      {children}
    </div>
  );
}

/** Props of {@link Choice}. */
export interface IChoiceProps {
  /** The radio group's id: the name of its inputs. */
  group: string;
  value: string;
  checked: boolean;
  /** Shown but not choosable, by mouse or keys. */
  disabled?: boolean;
  onChoose: (value: string) => void;
  /** The tooltip of the whole choice. */
  tooltip?: string;
  /** The first line, badges included. */
  heading: React.ReactNode;
  /** The smaller second line. */
  detail: React.ReactNode;
  /** `data-*` attributes that find the choice (the Galata page object uses them). */
  data: Record<string, string>;
}

/** One choice of a {@link ChoiceGroup}: a radio input with a heading over a detail line. */
export function Choice(props: IChoiceProps): JSX.Element {
  const { group, value, checked, disabled, onChoose, tooltip } = props;
  return (
    <label
      className={
        'jp-ModelArts-choice' +
        (checked ? ' jp-mod-selected' : '') +
        (disabled ? ' jp-mod-disabled' : '')
      }
      title={tooltip}
      {...props.data}
    >
      <input
        type="radio"
        name={group}
        value={value}
        checked={checked}
        disabled={disabled}
        onChange={() => onChoose(value)}
      />
      <span className="jp-ModelArts-choiceText">
        <span className="jp-ModelArts-choiceTitle">{props.heading}</span>
        <span className="jp-ModelArts-choiceDetail">{props.detail}</span>
      </span>
    </label>
  );
}
