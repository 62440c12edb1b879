module github.com/repairdesk/repairdesk

go 1.26
