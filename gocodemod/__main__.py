from gocodemod.cli import main

main()
