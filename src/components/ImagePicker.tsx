import type { TranslationBundle } from '@jupyterlab/translation';
import React from 'react';

import { searchImages, supportsSsh } from '../format/catalog';
import type { IImageView } from '../contract';
import { Badge } from './Badge';
import { Choice, ChoiceGroup } from './Choice';

/** Props of {@link ImagePicker}. */
export interface IImagePickerProps {
  /** Id of the radio group; its label is `<id>-label`. */
  id: string;
  /** The images compatible with the chosen flavor (the server filtered them). */
  images: readonly IImageView[];
  value: string;
  onChange: (imageId: string) => void;
  trans: TranslationBundle;
  invalid?: boolean;
}

/**
 * The images that run on the chosen flavor, searchable by name, tag and
 * description, as one radio group. The chosen image stays listed even when
 * the search would hide it, so the choice is never invisible.
 */
export function ImagePicker(props: IImagePickerProps): JSX.Element {
  const { id, images, value, onChange, trans, invalid } = props;
  const [search, setSearch] = React.useState('');
  const found = searchImages(images, search);
  const chosen = images.find(image => image.id === value);
  const shown = chosen && !found.includes(chosen) ? [chosen, ...found] : found;
  return (
    <>
      {images.length > 3 && (
        <input
          type="search"
          className="jp-mod-styled jp-ModelArts-search"
          aria-label={trans.__('Search images')}
          placeholder={trans.__('Search images')}
          value={search}
          onChange={event => setSearch(event.target.value)}
        />
      )}
      <ChoiceGroup id={id} invalid={invalid}>
        {shown.map(image => (
          <Choice
            key={image.id}
            group={id}
            value={image.id}
            checked={image.id === value}
            onChoose={onChange}
            tooltip={image.swr_path ?? undefined}
            data={{
              'data-image': image.id,
              'data-image-name': image.name ?? image.id
            }}
            heading={
              <>
                {image.name ?? image.id}
                {!(image.dev_services ?? []).includes('NOTEBOOK') &&
                  supportsSsh(image) && (
                    <Badge tone="info">{trans.__('SSH only')}</Badge>
                  )}
              </>
            }
            detail={[image.tag, image.description].filter(Boolean).join(' · ')}
          />
        ))}
        {shown.length === 0 && (
          <div className="jp-ModelArts-empty">
            {images.length
              ? trans.__('No image matches “%1”.', search)
              : trans.__('No image runs on this flavor.')}
          </div>
        )}
      </ChoiceGroup>
    </>
  );
}
