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

\* XSmall and Monotone again: a property first violated in the same state (or step) as another
\* one, which TLC with -continue does not check there (it stops at a state's first violation).
XSmallToo == x < 3
MonotoneToo == [][x' >= x]_x

\* For SpecExplorer.property: what each definition reads, through LET and operator calls, and a
\* step property that holds only where its subscript is unchanged.
Counted == LET n == Len(log) IN rec.cnt = n
Sealed(f) == seals[f] # {}
AnySealed == \E f \in Files : Sealed(f)
SealsFrozen == [][FALSE]_seals
Eventually == <>(x = MaxX)

\* Only counts up, so it deadlocks at x = MaxX (for deadlock checking).
IncOnly == Inc
====
