// Every test file starts at the same instant, whatever the hour, date, weekday or zone of the
// machine running it (issue 11); a file that needs another moment calls standAt itself.
import { standAt, SUITE_INSTANT } from '../helpers/site-time.js';

standAt(SUITE_INSTANT);
