// The bench starts Azurite the same way; one implementation for both.
export { startAzurite, type Azurite } from '../../bench/azurite.js';
