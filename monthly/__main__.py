from monthly.cli import main

raise SystemExit(main())
