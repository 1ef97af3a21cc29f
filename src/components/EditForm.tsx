import type { Dialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import React from 'react';

import type { CatalogModel } from '../catalog';
import { flavorSummary, imageLabel } from '../format/catalog';
import type {
  IFlavorView,
  INotebookUpdateRequest,
  INotebookView
} from '../contract';
import * as V from '../validation';
import { describedBy, Field } from './Field';
import { useSignals } from './useSignal';

/** What the edit dialog holds. */
export interface IEditValues {
  name: string;
  description: string;
  flavor: string;
  image: string;
  /** GB; only EVS disks grow. */
  capacity: number;
}

/** The initial values of the edit form for `notebook`. */
export function editValues(notebook: INotebookView): IEditValues {
  return {
    name: notebook.name ?? '',
    description: notebook.description ?? '',
    flavor: notebook.flavor ?? '',
    image: notebook.image?.id ?? '',
    capacity: notebook.volume?.capacity ?? 0
  };
}

/** The update request for what changed (empty when nothing did). */
export function updateRequest(
  before: IEditValues,
  after: IEditValues
): INotebookUpdateRequest {
  const request: INotebookUpdateRequest = {};
  if (after.name !== before.name) {
    request.name = after.name;
  }
  if (after.description !== before.description) {
    request.description = after.description;
  }
  if (after.flavor !== before.flavor) {
    request.flavor = after.flavor;
  }
  if (after.image !== before.image) {
    request.image_id = after.image;
  }
  if (after.capacity !== before.capacity) {
    request.storage_new_size = after.capacity;
  }
  return request;
}

interface IEditFormProps {
  notebook: INotebookView;
  /** The flavors this instance may switch to (not including its own). */
  switchable: IFlavorView[];
  catalog: CatalogModel;
  values: IEditValues;
  errors: V.IFieldErrors;
  onChange: (values: IEditValues) => void;
  trans: TranslationBundle;
}

function EditForm(props: IEditFormProps): JSX.Element {
  const { notebook, switchable, catalog, values, errors, onChange, trans } =
    props;
  useSignals(catalog.changed);
  React.useEffect(
    () => void catalog.loadImages(values.flavor).catch(() => undefined),
    [values.flavor]
  );
  const set = (change: Partial<IEditValues>) =>
    onChange({ ...values, ...change });
  const evs = (notebook.volume?.category ?? '').toUpperCase() === 'EVS';
  const current = notebook.volume?.capacity ?? 0;
  const images = catalog.images(values.flavor).items;
  const imageChoices =
    images.some(i => i.id === values.image) || !notebook.image
      ? images
      : [
          {
            id: notebook.image.id ?? '',
            name: notebook.image.name,
            tag: notebook.image.tag
          },
          ...images
        ];
  const live: Partial<Record<V.FormField, string | null>> = {
    name: V.nameProblem(values.name, trans),
    description: V.descriptionProblem(values.description, trans),
    storage: evs
      ? V.capacityProblem('EVS', values.capacity, trans, current)
      : null
  };
  const error = (field: V.FormField) =>
    live[field] ?? errors.fields[field] ?? null;
  const id = 'jp-ModelArts-edit';
  const input = (field: 'name' | 'description', label: string) => (
    <Field id={`${id}-${field}`} label={label} error={error(field)}>
      <input
        id={`${id}-${field}`}
        className="jp-mod-styled"
        value={values[field]}
        {...describedBy(`${id}-${field}`, error(field))}
        onChange={event => set({ [field]: event.target.value })}
      />
    </Field>
  );
  return (
    <div className="jp-ModelArts-form jp-ModelArts-editForm">
      {input('name', trans.__('Name'))}
      {input('description', trans.__('Description'))}
      <Field
        id={`${id}-flavor`}
        label={trans.__('Flavor')}
        error={error('flavor')}
      >
        <select
          id={`${id}-flavor`}
          className="jp-mod-styled"
          value={values.flavor}
          {...describedBy(`${id}-flavor`, error('flavor'))}
          onChange={event => set({ flavor: event.target.value })}
        >
          <option value={notebook.flavor ?? ''}>
            {trans.__('%1 (current)', notebook.flavor ?? '')}
          </option>
          {switchable.map(f => (
            <option key={f.id} value={f.id} disabled={Boolean(f.sold_out)}>
              {`${f.id} — ${flavorSummary(f, trans)}${f.sold_out ? ` (${trans.__('sold out')})` : ''}`}
            </option>
          ))}
        </select>
      </Field>
      <Field
        id={`${id}-image`}
        label={trans.__('Image')}
        error={error('image')}
      >
        <select
          id={`${id}-image`}
          className="jp-mod-styled"
          value={values.image}
          {...describedBy(`${id}-image`, error('image'))}
          onChange={event => set({ image: event.target.value })}
        >
          {imageChoices.map(i => (
            <option key={i.id} value={i.id}>
              {imageLabel(i)}
            </option>
          ))}
        </select>
      </Field>
      {evs && (
        <Field
          id={`${id}-storage`}
          label={trans.__('Storage size (GB)')}
          error={error('storage')}
          hint={trans.__('Disks only grow: from %1 GB up to 4096 GB.', current)}
        >
          <input
            id={`${id}-storage`}
            type="number"
            className="jp-mod-styled"
            min={current}
            max={4096}
            value={Number.isFinite(values.capacity) ? values.capacity : ''}
            {...describedBy(`${id}-storage`, error('storage'))}
            onChange={event => set({ capacity: event.target.valueAsNumber })}
          />
        </Field>
      )}
      {errors.general.map(text => (
        <div key={text} className="jp-ModelArts-formError" role="alert">
          {text}
        </div>
      ))}
    </div>
  );
}

/** The edit dialog's body; its value is the update request (empty: no change). */
export class EditBody
  extends ReactWidget
  implements Dialog.IBodyWidget<INotebookUpdateRequest>
{
  constructor(
    private readonly _props: Omit<IEditFormProps, 'values' | 'onChange'> & {
      values?: IEditValues;
    }
  ) {
    super();
    this._initial = editValues(_props.notebook);
    this._values = _props.values ?? this._initial;
  }

  /** The values as the user left them (to reopen the dialog after a refusal). */
  get values(): IEditValues {
    return this._values;
  }

  getValue(): INotebookUpdateRequest {
    return updateRequest(this._initial, this._values);
  }

  render(): JSX.Element {
    return (
      <EditForm
        {...this._props}
        values={this._values}
        onChange={values => {
          this._values = values;
          this.update();
        }}
      />
    );
  }

  private _initial: IEditValues;
  private _values: IEditValues;
}
