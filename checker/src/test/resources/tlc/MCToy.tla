---- MODULE MCToy ----
\* Root module in the style of the project's MC modules: extends the spec, adds model-only definitions.
EXTENDS Toy

Revision == "toy-1"

Limits == [max |-> MaxX, files |-> Files]

Squares == [i \in 1..3 |-> i * i]

Shifted == [i \in 2..3 |-> i]

Powers == SUBSET {1, 2}

Shapes == [a : {1, 2}, b : {"u"}]

\* Applies a function outside its domain once a seal has been added: an evaluation error, not a violation.
Crash == log /= <<>> => seals["nope"] = {}

\* Only counts up, so it deadlocks at x = MaxX (for deadlock checking).
IncOnly == Inc
====
