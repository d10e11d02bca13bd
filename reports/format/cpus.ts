/**
 * CPU lists in the kernel's compact notation (`0-2,5`): the model's one formatter.
 *
 * @module
 */
export { formatCpuList } from "../../model/cpus.ts";
