/** A page with a source, tags, a pyramid and a profit matrix: opened with `?segment=…` to check a segment of widget conditions restores on a fresh load. */
import './setup.js';
