import type { TranslationBundle } from '@jupyterlab/translation';
import type { ISignal } from '@lumino/signaling';
import React from 'react';

import type { CatalogModel } from '../catalog';
import { describeError } from '../format/errors';
import { supportsSsh } from '../format/catalog';
import * as L from '../launch';
import type { InstancesModel } from '../model';
import { ModelArtsAPIError } from '../request';
import type { INotebookCreateRequest } from '../contract';
import * as V from '../validation';
import { describedBy, Field } from './Field';
import { FlavorPicker } from './FlavorPicker';
import { ImagePicker } from './ImagePicker';
import { AutoStopField, SshFields, StorageField } from './LaunchFields';
import { NO_ERRORS, useLaunchChoices } from './useLaunchChoices';
import { useSignals } from './useSignal';

/** Props of {@link LaunchForm}. */
export interface ILaunchFormProps {
  catalog: CatalogModel;
  model: InstancesModel;
  trans: TranslationBundle;
  /** The last launch's choices, reused only where today's catalogue allows them. */
  remembered: () => Partial<L.RememberedChoices> | null;
  /** Send the request; rejects with the server's error. */
  onLaunch: (
    request: INotebookCreateRequest,
    choices: L.ILaunchChoices
  ) => Promise<unknown>;
  /** Emitted when the form should take the keyboard focus (launcher tile, command). */
  focusRequests: ISignal<unknown, void>;
}

const ID = 'jp-ModelArts-launch';

/**
 * The launch form: flavor, image (only those the flavor runs), name, storage,
 * auto-stop, optional SSH. Checks every field live with the server's rules and
 * shows the server's own verdict next to the field it concerns.
 */
export function LaunchForm(props: ILaunchFormProps): JSX.Element {
  const { catalog, model, trans } = props;
  const remembered = props.remembered();
  useSignals(catalog.changed, model.changed);
  const form = React.useRef<HTMLFormElement>(null);
  const state = useLaunchChoices(catalog, model, remembered, trans);
  const { choices, set, server, setServer, flavor, images, image } = state;
  const { kinds, autoStopOptions, taken, flavors } = state;
  const [busy, setBusy] = React.useState(false);

  // A focus request (launcher tile, command) waits for the flavors if need be.
  const [wantsFocus, setWantsFocus] = React.useState(false);
  React.useEffect(() => {
    const focus = () => setWantsFocus(true);
    props.focusRequests.connect(focus);
    return () => void props.focusRequests.disconnect(focus);
  }, []);
  React.useEffect(() => {
    const checked = form.current?.querySelector<HTMLInputElement>(
      'input[type=radio]:checked'
    );
    if (wantsFocus && checked) {
      checked.focus();
      setWantsFocus(false);
    }
  });

  const sshOnly =
    image !== undefined && !(image.dev_services ?? []).includes('NOTEBOOK');
  const live: Partial<Record<V.FormField, string | null>> = {
    name: V.nameProblem(choices.name, trans),
    description: V.descriptionProblem(choices.description, trans),
    storage: V.capacityProblem(
      choices.storageCategory,
      choices.capacity,
      trans
    ),
    ssh:
      sshOnly && !V.splitList(choices.keyPairs).length
        ? trans.__('This image is reached over SSH only: give a key pair.')
        : null
  };
  const ipsError = V.allowedIpsProblem(choices.allowedIps, trans);
  const errors: Partial<Record<V.FormField, string | null>> = {};
  for (const field of Object.keys({
    ...live,
    ...server.fields
  }) as V.FormField[]) {
    errors[field] = live[field] ?? server.fields[field] ?? null;
  }
  const ready =
    Boolean(flavor && image) && !Object.values(live).some(Boolean) && !ipsError;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!ready || busy) {
      return;
    }
    setBusy(true);
    setServer(NO_ERRORS);
    try {
      await props.onLaunch(L.createRequest(choices, flavor), choices);
      state.setNameTouched(false);
    } catch (error) {
      setServer(
        error instanceof ModelArtsAPIError
          ? V.errorsForForm(error.message, error.code, error.problems)
          : { fields: {}, general: [describeError(error, trans)] }
      );
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = { idPrefix: ID, choices, set, errors, trans };
  return (
    <form
      ref={form}
      className="jp-ModelArts-form"
      onSubmit={submit}
      aria-label={trans.__('Launch a notebook instance')}
    >
      <Field
        id={`${ID}-flavor`}
        label={trans.__('Flavor')}
        error={errors.flavor ?? catalog.flavors.error}
        group
      >
        {catalog.flavors.loading && !flavors.length ? (
          <div className="jp-ModelArts-empty">
            {trans.__('Loading flavors…')}
          </div>
        ) : (
          <FlavorPicker
            id={`${ID}-flavor`}
            flavors={flavors}
            value={choices.flavor}
            onChange={id =>
              set({ flavor: id, image: '' }, ['flavor', 'image', 'storage'])
            }
            trans={trans}
            invalid={Boolean(errors.flavor)}
          />
        )}
      </Field>
      <Field
        id={`${ID}-image`}
        label={trans.__('Image')}
        error={errors.image ?? images.error}
        group
      >
        {images.loading && !images.items.length ? (
          <div className="jp-ModelArts-empty">
            {trans.__('Loading images…')}
          </div>
        ) : (
          <ImagePicker
            id={`${ID}-image`}
            images={images.items}
            value={choices.image}
            onChange={id => set({ image: id }, ['image'])}
            trans={trans}
            invalid={Boolean(errors.image)}
          />
        )}
      </Field>
      <Field
        id={`${ID}-name`}
        label={trans.__('Name')}
        error={errors.name}
        hint={V.nameAdvice(choices.name, taken, trans)}
      >
        <input
          id={`${ID}-name`}
          className="jp-mod-styled"
          value={choices.name}
          spellCheck={false}
          {...describedBy(`${ID}-name`, errors.name)}
          onChange={event => {
            state.setNameTouched(true);
            set({ name: event.target.value }, ['name']);
          }}
        />
      </Field>
      <Field
        id={`${ID}-description`}
        label={trans.__('Description (optional)')}
        error={errors.description}
      >
        <input
          id={`${ID}-description`}
          className="jp-mod-styled"
          value={choices.description}
          {...describedBy(`${ID}-description`, errors.description)}
          onChange={event =>
            set({ description: event.target.value }, ['description'])
          }
        />
      </Field>
      <StorageField {...fieldProps} kinds={kinds.length ? kinds : ['EVS']} />
      <AutoStopField {...fieldProps} options={autoStopOptions} />
      {supportsSsh(image) && (
        <SshFields {...fieldProps} required={sshOnly} ipsError={ipsError} />
      )}
      {server.general.length > 0 && (
        <div className="jp-ModelArts-formError" role="alert">
          {server.general.map(text => (
            <div key={text}>{text}</div>
          ))}
        </div>
      )}
      <button
        type="submit"
        className="jp-mod-styled jp-mod-accept jp-ModelArts-launchButton"
        disabled={!ready || busy}
      >
        {busy ? trans.__('Launching…') : trans.__('Launch')}
      </button>
    </form>
  );
}
