module tracefuzz.local/programs

go 1.22
