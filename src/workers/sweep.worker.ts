/**
 * A sweep worker of the pool: only exposes the service (toolchain.md: keep `expose` out of the
 * module the tests import; pass `self` explicitly, which @vitest/web-worker needs). The cast is
 * because the app compiles with the DOM lib, where `self` is typed as a Window.
 */
import * as Comlink from 'comlink';
import { SweepService } from './sweep-service';

Comlink.expose(new SweepService(), self as unknown as Comlink.Endpoint);
