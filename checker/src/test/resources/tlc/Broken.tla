---- MODULE Broken ----
EXTENDS Toy

Bad == Foo(x) + 1
====
