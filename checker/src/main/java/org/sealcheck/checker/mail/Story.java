package org.sealcheck.checker.mail;

import java.util.List;

/**
 * A counterexample told as the mail tells it: the setup before the first step (a sentence, or
 * empty), the diagram's rows, and the notes on the notation the rows use (fd names, made-up
 * addresses, units).
 */
record Story(String setup, List<Row> rows, List<String> notes) {
  Story {
    rows = List.copyOf(rows);
    notes = List.copyOf(notes);
  }
}
