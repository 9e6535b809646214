/**
 * The search worker: only exposes the service (toolchain.md: keep `expose` out of the module the
 * tests import; pass `self` explicitly, which @vitest/web-worker needs). The cast is because the
 * app compiles with the DOM lib, where `self` is typed as a Window, not a worker scope.
 */
import * as Comlink from 'comlink';
import { SearchService } from './search-service';

Comlink.expose(new SearchService(), self as unknown as Comlink.Endpoint);
