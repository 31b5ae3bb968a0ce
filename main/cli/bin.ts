// The built command line's entry point (dist/cli/popline.mjs, the package's `popline` bin).
import { runAsProcess } from './main';

void runAsProcess(process.argv.slice(2));
