import { transpileForWorkers } from './compile';
console.log(transpileForWorkers('/work/main'));
