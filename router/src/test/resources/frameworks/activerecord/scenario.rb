# The blog app's scenario, as an ActiveRecord user runs it: `baseline` applies the first migration and seeds (on
# main); `work` applies the new migration, does CRUD through models and prints what ActiveRecord's own introspection
# (the schema dumper, columns, indexes, foreign keys) sees. Everything printed must read the same on a rift branch as
# on a full copy of the database.
require "active_record"

ActiveRecord::Base.establish_connection(
  adapter: "postgresql", host: ENV.fetch("PGHOST"), port: ENV.fetch("PGPORT"), username: ENV.fetch("PGUSER"),
  password: ENV.fetch("PGPASSWORD"), database: ENV.fetch("PGDATABASE")
)
ActiveRecord::Migration.verbose = false
ActiveRecord::Base.logger = nil

class Author < ActiveRecord::Base
  has_many :posts, dependent: :destroy
end

class Post < ActiveRecord::Base
  belongs_to :author
  has_many :comments
end

class Comment < ActiveRecord::Base
  belongs_to :post
end

def step(name)
  puts "== #{name}"
  $stdout.flush
end

def migrations
  ActiveRecord::MigrationContext.new(File.join(__dir__, "db/migrate"), ActiveRecord::SchemaMigration)
end

def seed
  [["ada@example.com", "Ada", %w[hello-world second]], ["bob@example.com", "Bob", %w[bobs-post]],
   ["cy@example.com", "Cy", []]].each do |email, name, slugs|
    author = Author.create!(email: email, name: name)
    slugs.each { |slug| author.posts.create!(slug: slug, title: slug.tr("-", " "), published_at: Time.utc(2024, 1, 2)) }
  end
end

def crud
  dee = Author.create!(email: "dee@example.com", name: "Dee")
  post = dee.posts.create!(slug: "dee-1", title: "Dee's first", featured: true)
  post.comments.create!(body: "first!")
  Post.find_by!(slug: "hello-world").comments.create!(body: "nice")
  puts "updated #{Author.where(email: "ada@example.com").update_all(name: "Ada L.")}"
  puts "featured #{Post.where(slug: "second").update_all(featured: true)}"
  puts "destroyed #{Author.find_by!(email: "bob@example.com").destroy.email}"
  puts "deleted #{Post.where(slug: "second").delete_all}"
  begin
    Author.create!(email: "dee@example.com", name: "Dee again")
  rescue ActiveRecord::RecordNotUnique => e
    puts "#{e.class}: #{e.message}"
  end
  Post.joins(:author).left_joins(:comments).group("posts.id", "authors.id").order(:slug)
      .pluck("posts.id", :slug, :featured, "authors.email", "authors.name", Arel.sql("count(comments.id)"))
      .each { |row| puts "post #{row.inspect}" }
  Author.order(:id).each { |a| puts "author #{a.id} #{a.email} #{a.name} #{a.posts.count} #{a.updated_at >= a.created_at}" }
  Comment.includes(:post).order(:id).each { |c| puts "comment #{c.id} #{c.body} #{c.post.slug}" }
end

def introspect
  connection = ActiveRecord::Base.connection
  step("schema dump")
  ActiveRecord::SchemaDumper.dump(connection, $stdout)
  connection.tables.sort.each do |table|
    step("#{table}: columns")
    connection.columns(table).each do |c|
      puts [c.name, c.sql_type, c.type, c.default.inspect, c.default_function.inspect, c.null].join(" ")
    end
    step("#{table}: primary key #{connection.primary_key(table).inspect}")
    step("#{table}: indexes")
    connection.indexes(table).each { |i| puts [i.name, i.columns.inspect, i.unique, i.using].join(" ") }
    step("#{table}: foreign keys")
    connection.foreign_keys(table).each do |fk|
      puts [fk.name, fk.to_table, fk.column, fk.primary_key, fk.on_delete.inspect].join(" ")
    end
  end
end

case ARGV.fetch(0)
when "baseline"
  migrations.migrate(20240101000001)
  seed
when "work"
  step("migrate")
  migrations.migrate
  migrations.migrations_status.each { |status, version, name| puts "#{status} #{version} #{name}" }
  step("crud")
  crud
  introspect
else
  abort "usage: scenario.rb baseline|work"
end
