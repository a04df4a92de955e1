// The `yaml` package (YAML 1.2, well kept, no dependencies) reads and writes the dataset YAML.

export * as YAML from 'yaml';
export { YAMLParseError } from 'yaml';
