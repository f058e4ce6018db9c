/** A page with a source, a tag widget and KPIs: opened with `?segment=…` to check a shared link restores on a fresh load. */
import './setup.js';
