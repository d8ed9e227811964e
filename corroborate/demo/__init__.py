"""``corroborate demo``: the demo article and web (``seeds/demo/``) dated to a recent week
(``dates``), and the run against that web served by a child process (``run``)."""
