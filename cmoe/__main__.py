from cmoe.cli import main

raise SystemExit(main())
