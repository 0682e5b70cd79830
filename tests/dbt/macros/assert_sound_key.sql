-- Soundex codes of name keys: the worked examples of the US National
-- Archives' coding guide (h and w do not part equal codes; vowels do; a
-- first letter's code is not repeated) and the spellings the LA's systems
-- differ by.
with

vectors (name_key, expected_code, note) as (
    values
    ('robert', 'R163', 'coding guide'),
    ('rupert', 'R163', 'coding guide'),
    ('rubin', 'R150', 'coding guide: padded with zeros'),
    ('ashcraft', 'A261', 'coding guide: h does not part s and c'),
    ('tymczak', 'T522', 'coding guide: the vowel parts z and k'),
    ('pfister', 'P236', 'coding guide: f has the first letter''s code'),
    ('honeyman', 'H555', 'coding guide'),
    ('lewis', 'L200', 'spelling as a surname'),
    ('louis', 'L200', 'the same surname spelt as the French name'),
    ('owen', 'O500', 'the English spelling'),
    ('owain', 'O500', 'the Welsh spelling'),
    ('lee', 'L000', 'no consonant after the first letter'),
    (null, null, 'no name')
),

computed as (
    select
        *,
        {{ sound_key('name_key') }} as actual_code
    from vectors
),

failures as (
    select *
    from computed
    where actual_code is distinct from expected_code
)

select * from failures
