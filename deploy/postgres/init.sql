-- Run once by the postgres image on an empty data volume
-- (/docker-entrypoint-initdb.d): one database per service.
CREATE DATABASE identity;
CREATE DATABASE orgs;
CREATE DATABASE billing;
CREATE DATABASE partner;
