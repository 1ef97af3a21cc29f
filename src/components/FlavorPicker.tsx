import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { flavorSummary, groupFlavors } from '../format/catalog';
import type { IFlavorView } from '../contract';
import { Badge } from './Badge';
import { Choice, ChoiceGroup } from './Choice';

/** Props of {@link FlavorPicker}. */
export interface IFlavorPickerProps {
  /** Id of the radio group; its label is `<id>-label` (see Field's `group`). */
  id: string;
  flavors: readonly IFlavorView[];
  /** The chosen flavor id ("" for none). */
  value: string;
  onChange: (flavorId: string) => void;
  trans: TranslationBundle;
  invalid?: boolean;
}

/**
 * The flavors as one radio group, in CPU / GPU / Ascend sections, each showing
 * what it gives (vCPUs, memory, accelerators) with Free and Sold out badges. A
 * sold-out flavor is shown but disabled: it cannot be chosen, by mouse or keys.
 * Arrow keys move between the choices, as in any radio group.
 */
export function FlavorPicker(props: IFlavorPickerProps): JSX.Element {
  const { id, flavors, value, onChange, trans, invalid } = props;
  return (
    <ChoiceGroup id={id} invalid={invalid}>
      {groupFlavors(flavors, trans).map(group => (
        <div
          key={group.category}
          role="group"
          aria-label={group.label}
          className="jp-ModelArts-choiceGroup"
        >
          <div className="jp-ModelArts-choiceGroupTitle" aria-hidden="true">
            {group.label}
          </div>
          {group.flavors.map(flavor => {
            const soldOut = Boolean(flavor.sold_out);
            return (
              <Choice
                key={flavor.id}
                group={id}
                value={flavor.id}
                checked={flavor.id === value}
                disabled={soldOut}
                onChoose={onChange}
                tooltip={[flavor.name, flavor.description]
                  .filter(Boolean)
                  .join('\n')}
                data={{ 'data-flavor': flavor.id }}
                heading={
                  <>
                    {flavorSummary(flavor, trans) || flavor.name || flavor.id}
                    {flavor.free && (
                      <Badge tone="free">{trans.__('Free')}</Badge>
                    )}
                    {soldOut && (
                      <Badge tone="soldout">{trans.__('Sold out')}</Badge>
                    )}
                  </>
                }
                detail={flavor.id}
              />
            );
          })}
        </div>
      ))}
    </ChoiceGroup>
  );
}
