// The formats the page reads and writes: the meta-package's registry, the same as the CLI's.
export { formats, registry } from 'labelport';
