---- MODULE Toy ----
\* A tiny stand-in for the real specs: a counter, a record, a function to sets, a sequence,
\* a model value, and a Next with \E-parameterized actions (one of them with two parameters).
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS Files, Seals, MaxX, Nobody

VARIABLES x, seals, log, rec, owner

vars == <<x, seals, log, rec, owner>>

Init == /\ x = 0
        /\ seals = [f \in Files |-> {}]
        /\ log = <<>>
        /\ rec = [cnt |-> 0, last |-> "none", tbl |-> [i \in 0..1 |-> FALSE]]
        /\ owner = Nobody

AddSeal(file, seal) ==
    /\ seal \notin seals[file]
    /\ seals' = [seals EXCEPT ![file] = @ \cup {seal}]
    /\ log' = Append(log, <<file, seal>>)
    /\ rec' = [rec EXCEPT !.cnt = @ + 1, !.last = file]
    /\ UNCHANGED <<x, owner>>

Take(file) == /\ owner = Nobody
              /\ owner' = file
              /\ UNCHANGED <<x, seals, log, rec>>

Release == /\ owner /= Nobody
           /\ owner' = Nobody
           /\ UNCHANGED <<x, seals, log, rec>>

Inc == /\ x < MaxX
       /\ x' = x + 1
       /\ UNCHANGED <<seals, log, rec, owner>>

Reset == /\ x = MaxX
         /\ x' = 0
         /\ UNCHANGED <<seals, log, rec, owner>>

Idle == UNCHANGED vars

Next == \/ Inc
        \/ \E f \in Files, s \in Seals : AddSeal(f, s)
        \/ \E g \in Files : Take(g)
        \/ Release
        \/ Reset
        \/ Idle

\* Holds.
TypeOK == /\ x \in 0..MaxX
          /\ rec.cnt = Len(log)
          /\ owner \in Files \cup {Nobody}

\* Violated after three Inc steps (a 4-state trace).
XSmall == x < 3

\* Violated by every initial state.
NotInit == x /= 0

\* Violated by Reset, first reachable after three Inc steps (a 5-state trace).
Monotone == [][x' >= x]_x
====
