/** `ailz schema`: the JSON Schema of the config, for editors and other tools. */
import { configJsonSchema } from '../../config/json-schema';
import { defineCommand } from '../command';
import { EXIT } from '../exit-codes';

export default defineCommand({
  name: 'schema',
  description: 'print the JSON Schema of the config',
  run: (_opts, { io }) => {
    io.out(JSON.stringify(configJsonSchema(), null, 2));
    return EXIT.OK;
  },
});
