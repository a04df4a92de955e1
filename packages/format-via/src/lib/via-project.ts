/**
 * What a VIA project holds besides the images: `_via_settings` (VIA 2.0.x's defaults, the region label
 * shown being the label attribute) and `_via_attributes`, the definitions of the region and file
 * attributes: the label attribute as a dropdown of every label, the others as the project they were
 * read from defined them, else as text (what VIA itself assumes of an attribute it meets in the data).
 */
import { isObject, type JsonObject } from '@labelport/core/json';

/** `_via_data_format_version` of VIA 2.0.x's saved projects. */
export const DATA_FORMAT_VERSION = '2.0.10';

/** VIA 2.0.x's default settings (`_via_settings` in via.js), showing `labelAttribute` on the regions. */
export function viaSettings(labelAttribute: string, projectName: string): JsonObject {
  return {
    ui: {
      annotation_editor_height: 25,
      annotation_editor_fontsize: 0.8,
      leftsidebar_width: 18,
      image_grid: {
        img_height: 80,
        rshape_fill: 'none',
        rshape_fill_opacity: 0.3,
        rshape_stroke: 'yellow',
        rshape_stroke_width: 2,
        show_region_shape: true,
        show_image_policy: 'all',
      },
      image: {
        region_label: labelAttribute,
        region_color: '__via_default_region_color__',
        region_label_font: '10px Sans',
        on_image_annotation_editor_placement: 'NEAR_REGION',
      },
    },
    core: { buffer_size: 18, filepath: {}, default_filepath: '' },
    project: { name: projectName },
  };
}

const textDefinition = () => ({ type: 'text', description: '', default_value: '' });

/** The definitions read from projects (`infos.via.attributes`), when the dataset came from VIA. */
export interface ViaDefinitions {
  region: JsonObject;
  file: JsonObject;
}

export function definitionsOf(infos: Record<string, unknown> | undefined): ViaDefinitions {
  const via = isObject(infos?.via) ? infos.via : {};
  const defs = isObject(via.attributes) ? via.attributes : {};
  return {
    region: isObject(defs.region) ? defs.region : {},
    file: isObject(defs.file) ? defs.file : {},
  };
}

/** The label attribute the dataset was read with (`infos.via.label_attribute`), if any. */
export function labelAttributeOf(infos: Record<string, unknown> | undefined): string | undefined {
  const via = isObject(infos?.via) ? infos.via : {};
  return typeof via.label_attribute === 'string' && via.label_attribute !== ''
    ? via.label_attribute
    : undefined;
}

/**
 * The label attribute's definition: the project's dropdown or radio with an option for every label
 * (an option's id is what regions hold; a label that is an option's description maps to its id).
 */
export class LabelOptions {
  private readonly idOf = new Map<string, string>();
  readonly definition: JsonObject;

  constructor(labels: readonly string[], known: unknown) {
    const base =
      isObject(known) && isObject(known.options) && (known.type === 'dropdown' || known.type === 'radio');
    const options: JsonObject = base ? { ...(known.options as JsonObject) } : {};
    for (const [id, description] of Object.entries(options)) {
      this.idOf.set(typeof description === 'string' && description !== '' ? description : id, id);
    }
    for (const name of labels) {
      if (this.idOf.has(name)) continue;
      this.idOf.set(name, name);
      options[name] = '';
    }
    this.definition = base
      ? { ...(known as JsonObject), options }
      : { type: 'dropdown', description: '', options, default_options: {} };
  }

  /** The value a region holds for label `name`. */
  valueOf(name: string): string {
    return this.idOf.get(name) ?? name;
  }
}

/** `_via_attributes` for the attribute names written: known definitions kept, the others text. */
export function attributeDefinitions(
  known: ViaDefinitions,
  used: { region: Iterable<string>; file: Iterable<string> },
  label: { name: string; definition: JsonObject },
): { region: JsonObject; file: JsonObject } {
  const region: JsonObject = { ...known.region, [label.name]: label.definition };
  for (const n of used.region) if (!(n in region)) region[n] = textDefinition();
  const file: JsonObject = { ...known.file };
  for (const n of used.file) if (!(n in file)) file[n] = textDefinition();
  return { region, file };
}
