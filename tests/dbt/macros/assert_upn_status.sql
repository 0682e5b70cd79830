-- UPN status: 13 characters, a mod-23 check letter over characters 2-13,
-- temporary if the last is a letter (DfE CBDS UPN guidance).
with

vectors (upn, expected_status, note) as (
    values
    ('B801200005001', 'permanent', 'DfE example'),
    ('A801200005001', 'wrong_check_letter', 'wrong check letter'),
    ('A950000178301', 'permanent', 'DfE example'),
    ('H243278544154', 'permanent', 'DfE example'),
    ('R247962919251', 'wrong_check_letter', 'check letter should be Q'),
    ('X428558133462', 'wrong_check_letter', 'check letter should be W'),
    -- cmoe.upn.temporary_upn('865', '2001', 22, 1, 'A') and
    -- temporary_upn('865', '4000', 19, 12, 'T').
    ('H86520012201A', 'temporary', 'temporary UPN, valid check letter'),
    ('C86540001912T', 'temporary', 'temporary UPN, valid check letter'),
    (
        'A86520012201A',
        'wrong_check_letter',
        'temporary UPN, wrong check letter'
    ),
    ('B80120000500', 'wrong_shape', '12 characters'),
    ('B8012000050011', 'wrong_shape', '14 characters'),
    ('I801200005001', 'wrong_shape', 'I is never a check letter'),
    ('O801200005001', 'wrong_shape', 'O is never a check letter'),
    ('H8652001220IA', 'wrong_shape', 'letter inside the digits'),
    ('H86520012201I', 'wrong_shape', 'I is never the last letter'),
    (null, 'missing', 'no UPN')
),

computed as (
    select
        *,
        {{ upn_status('upn') }} as actual_status
    from vectors
),

failures as (
    select *
    from computed
    where actual_status is distinct from expected_status
)

select * from failures
